export const THEMES = ["dark", "light"] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_COOKIE = "ovnscope-theme";

/** Dark is the default: the screen is kept open all night in a NOC. */
export function themeFrom(cookieValue: string | undefined): Theme {
  return cookieValue === "light" ? "light" : "dark";
}
