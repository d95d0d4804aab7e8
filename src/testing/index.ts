export * from "./errors";
export * from "./values";
export * from "./provider-process";
export * from "./state";
export * from "./engine";
export * from "./load-program";
