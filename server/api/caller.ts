/** The tRPC server caller for server components: same procedures, same checks, no HTTP round trip. */
import 'server-only';
import { cache } from 'react';
import { createCaller } from './root';
import { createRequestContext } from './context';

// Server components cannot set cookies, so a procedure that switches team must be called over HTTP.
export const serverApi = cache(async () => createCaller(await createRequestContext({})));
