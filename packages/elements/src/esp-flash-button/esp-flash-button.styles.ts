import { css } from "lit";

export const buttonStyles = css`
  :host { display: inline-block; }
  :host([hidden]) { display: none; }
  button {
    font: inherit; font-family: var(--esp-flash-font, inherit); cursor: pointer;
    padding: var(--esp-flash-button-padding, 0.6em 1.2em); border: 0;
    border-radius: var(--esp-flash-radius, 8px);
    background: var(--esp-flash-accent, #0a58ca); color: var(--esp-flash-accent-text, #fff);
  }
  button:focus-visible { outline: 2px solid var(--esp-flash-accent, #0a58ca); outline-offset: 2px; }
  @media (prefers-color-scheme: dark) {
    button { background: var(--esp-flash-accent, #8ab4f8); color: var(--esp-flash-accent-text, #0b1a33); }
  }
  .note { color: var(--esp-flash-muted, inherit); }
`;
