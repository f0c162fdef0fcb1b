/** A parsed form body: `form-input.ts` lets only single strings through, the type keeps both shapes honest. */
export type FormBody = Record<string, string | string[] | undefined>;

/** One field of a form body, when it is a single string. */
export function formField(body: FormBody | undefined, name: string): string | undefined {
  const value = body?.[name];
  return typeof value === 'string' ? value : undefined;
}
