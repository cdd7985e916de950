/**
 * ELK's layout engine on a thread of its own. elkjs's worker build, once loaded in a worker, answers the
 * messages of `new ELK({ workerFactory })` (elk-api) on `self`: layout requests in, laid-out graphs out.
 */
import 'elkjs/lib/elk-worker.min.js';
