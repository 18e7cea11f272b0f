// "Visit device", "Add to Home Assistant" and "Fund development" as links styled like buttons.
import { msg } from "@lit/localize";
import { css, html, nothing } from "lit";
import type { DeviceLinks } from "../improv/improv-view-state.js";

const link = (href: string | undefined, label: string) =>
  href
    ? html`<a class="button-link" href=${href} target="_blank" rel="noopener noreferrer"
        >${label}</a
      >`
    : nothing;

export const visitLink = (l: DeviceLinks) =>
  link(l.url, msg("Visit device", { id: "improv.visit" }));
export const homeAssistantButton = (l: DeviceLinks) =>
  link(l.homeAssistant, msg("Add to Home Assistant", { id: "improv.home-assistant" }));
export const fundingLink = (l: DeviceLinks) =>
  link(l.funding, msg("Fund development", { id: "improv.fund" }));

export const deviceLinkStyles = css`
  /* Sized as the dialog's buttons (controlStyles), so links and buttons line up. */
  .button-link {
    box-sizing: border-box;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 2.5em;
    padding: 0.45em 1.1em;
    font-size: 0.95em;
    font-weight: 500;
    line-height: 1.2;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    color: inherit;
    text-decoration: none;
    text-align: center;
  }
  .menu > .button-link {
    justify-content: flex-start;
  }
  .button-link:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin: 1em 0;
  }
  button.danger {
    color: var(--_danger);
    border-color: var(--_danger);
  }
`;
