// What jsdom lacks and the components use: modal dialogs and size observation. jsdom lays
// nothing out, so there is nothing to observe; a dialog only has to open.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
  this.open = true;
};
