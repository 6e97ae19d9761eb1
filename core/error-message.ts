/**
 * An error as one line of text for a person: its message, after its name when the name
 * says more than "Error" (`AccessDeniedException: ...`), since AWS puts the reason there.
 */
export function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name === 'Error' || error.name === '' ? error.message : `${error.name}: ${error.message}`;
}
