/** The CPU benchmark prepares a 4 MB image, the size of a full ESP8266 flash. */
export const IMAGE_BYTES = 4 * 1024 * 1024;
