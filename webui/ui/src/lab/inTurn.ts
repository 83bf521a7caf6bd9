// inTurn runs asynchronous tasks one after another, each starting when the
// one before has settled. The lab posts every key pressed as its own
// request; sent side by side, they could reach the box in another order
// than typed (the browser spreads them over several connections), and 102
// would ring 012.
export function inTurn(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = last.then(task, task);
    last = run.catch(() => undefined);
    return run;
  };
}
