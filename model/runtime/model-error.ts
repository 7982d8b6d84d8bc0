/**
 * The one error of the world-model runtime that a user can act on: a model folder, file, card or
 * input that is missing or malformed. The message names the file (and the field or tensor) and says
 * what was expected; the CLI prints it as it is, without a stack.
 */
export class ModelError extends Error {}
