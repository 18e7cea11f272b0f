// A Vue 2.7 project uses the element from plain TypeScript (the template types are Vue 3's).
import Vue from "vue";
import "@esp-flash/elements";
import { parseManifest } from "@esp-flash/core";

Vue.config.ignoredElements = ["esp-flash-button"];
export const button = document.querySelector("esp-flash-button");
if (button) button.erase = "never";
export const parse = parseManifest;
