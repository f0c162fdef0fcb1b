/** The value of one directive of a Content-Security-Policy header, `undefined` when absent. */
export function cspDirective(csp: string | null | undefined, name: string): string | undefined {
  return String(csp ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1);
}
