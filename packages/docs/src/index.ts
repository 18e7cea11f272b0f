// The docs package publishes nothing; this keeps the workspace layout uniform.
export {};
