// Three-way calls: the agent's two established calls merged so that each far end hears the agent
// and the other far end, and the agent hears both. The audio is mixed by Java in the sound server
// (ADR 0015); here the two calls are resumed, paired and unpaired. The pair is kept on the calls of
// the call table: `conference` holds the other call's id. Each call keeps its own hold and mute
// while merged (Java mutes the microphone towards that call only).

import { CallState } from "./call-rules.js";

/** The two established calls a merge joins; an Error saying why when there are not exactly two. */
export function mergeablePair(calls) {
  const established = calls.filter((c) => c.state === CallState.ESTABLISHED);
  if (established.some((c) => c.conference)) throw new Error("The calls are merged already.");
  if (established.length !== 2) {
    throw new Error(
      `Merging needs exactly two calls in progress (there ${established.length === 1 ? "is one" : `are ${established.length}`}).`,
    );
  }
  if (established.some((c) => c.consultFor || c.consultCall)) {
    throw new Error("Complete or cancel the transfer before merging the calls.");
  }
  return established;
}

export class Conferences {
  #table;
  #resume;
  #log;

  /**
   * @param {object} o
   * @param {object} o.table the CallTable (all, get, update)
   * @param {(callId: string) => Promise} o.resume the call manager's resume
   * @param {object} [o.log]
   */
  constructor({ table, resume, log }) {
    this.#table = table;
    this.#resume = resume;
    this.#log = log;
  }

  /** Merges the two established calls (held ones are resumed first); resolves with their ids. */
  async merge() {
    const [first, second] = mergeablePair(this.#table.all());
    for (const call of [first, second]) {
      if (call.held || call.wantHeld) await this.#resume(call.id);
    }
    const handler = mediaOf(first);
    await handler.merge(mediaOf(second));
    this.#table.update(first, { conference: second.id });
    this.#table.update(second, { conference: first.id });
    this.#log?.info?.(`calls ${first.id} and ${second.id} merged`);
    return [first.id, second.id];
  }

  /** Splits the three-way call `callId` is in (default: the one there is) back into two calls. */
  async split(callId) {
    const call = callId ? this.#table.get(callId) : this.#table.all().find((c) => c.conference);
    if (!call?.conference) throw new Error("There is no three-way call to split.");
    const otherId = call.conference;
    await mediaOf(call).split();
    this.#table.update(call, { conference: undefined });
    const other = this.#table.find(otherId);
    if (other) this.#table.update(other, { conference: undefined });
    this.#log?.info?.(`calls ${call.id} and ${otherId} split`);
  }

  /** A call ended: the other call of its three-way call is a call of its own again (Java split the audio). */
  forget(call) {
    if (!call.conference) return;
    const other = this.#table.find(call.conference);
    if (other && other.state !== CallState.ENDED) this.#table.update(other, { conference: undefined });
  }
}

function mediaOf(call) {
  const handler = call.session?.sessionDescriptionHandler;
  if (!handler) throw new Error("The call has no media yet.");
  return handler;
}
