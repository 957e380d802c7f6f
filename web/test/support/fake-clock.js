// A clock whose time only moves when a test says so. Timers fire in order of due time; between
// timers the microtask/immediate queues are drained so promise chains settle as in a browser.

export class FakeClock {
  #now = 0;
  #seq = 0;
  #timers = new Map();

  now() {
    return this.#now;
  }

  setTimeout(fn, ms) {
    const id = ++this.#seq;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms || 0), fn });
    return id;
  }

  clearTimeout(id) {
    this.#timers.delete(id);
  }

  /** Pending timers as delays from now, soonest first. */
  pendingDelays() {
    return [...this.#timers.values()].map((t) => t.at - this.#now).sort((a, b) => a - b);
  }

  /** Moves time forward by ms, firing every timer that falls due (in order). */
  async advance(ms) {
    const target = this.#now + ms;
    for (;;) {
      await settle();
      let next = null;
      for (const [id, t] of this.#timers) {
        if (t.at <= target && (next === null || t.at < next[1].at || (t.at === next[1].at && id < next[0]))) {
          next = [id, t];
        }
      }
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].fn();
    }
    this.#now = target;
    await settle();
  }
}

/** Lets pending promise callbacks (several hops deep) run. */
export async function settle() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Random numbers from a list, cycling: deterministic jitter. */
export function sequenceRandom(values) {
  let i = 0;
  return () => values[i++ % values.length];
}
