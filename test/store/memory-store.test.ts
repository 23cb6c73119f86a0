import { createMemoryStore } from '../../src/store/memory-store.ts';
import { storeContract } from './store-contract.ts';

storeContract('memory store', async (t) => {
  const store = createMemoryStore();
  t.after(() => store.close());
  return store;
});
