import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";
import { tauriBackend } from "./lib/ipc/backend";

mount(App, { target: document.getElementById("app")!, props: { backend: tauriBackend } });
