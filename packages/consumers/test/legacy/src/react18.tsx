// React 18 sets every prop on a custom element as an attribute and attaches no listener, so
// its JSX offers the attributes only (listen with a ref and addEventListener).
import "@esp-flash/elements";
import "@esp-flash/elements/react";

export const button = (
  <esp-flash-button id="install" manifest="manifest.json" erase="never" baud-rate={460800} />
);
// @ts-expect-error: React 18 would write the object as the text "[object Object]"
export const object = <esp-flash-button manifest={{ name: "MicroPython", builds: [] }} />;
