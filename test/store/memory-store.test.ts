import { createMemoryStore } from '../../src/store/memory-store.ts';
import { storeContract } from './store-contract.ts';

storeContract('memory store', async (t) => {
  const store = createMemoryStore();
  t.after(() => store.close());
  return store;
}, {
  incrementExpiry: 'memory-store.ts re-rounds the remaining life up to a whole second on each increment, so steady increments keep the counter alive',
});
