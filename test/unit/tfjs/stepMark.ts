/** reference.ts prints this before each step's loss (LOSS_LENS_REF_STEPS): what the engine records as a step, from plain tfjs. */
export const STEP_MARK = '\u0001step ';
