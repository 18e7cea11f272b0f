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
  .button-link {
    display: inline-block;
    padding: 0.5em 1em;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    color: inherit;
    text-decoration: none;
    text-align: center;
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
