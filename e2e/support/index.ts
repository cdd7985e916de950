export { demoOwner, demoViewer, newUser, signIn, signUp, uniqueEmail } from './auth';
export type { Credentials, NewUser } from './auth';
export { ARTIFACTS_DIR, saveScreenshot } from './artifacts';
export { startRunFromEditor } from './runs';
export { mutate, query } from './api';
export { rowsMastery, succeededRun } from './sample-mastery';
export type { SampleMastery } from './sample-mastery';
export { stallingImport } from './stalling-import';
