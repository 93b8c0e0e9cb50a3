// Types for the layers rule (plain JavaScript, as ESLint loads it), for the test that reads its table.
export declare const modules: readonly string[];
export declare const foundations: Record<string, readonly string[]>;
export declare function placeOf(absolutePath: string): { layer: string; module?: string };
export declare function refusal(from: string, to: string): string | null;
declare const plugin: { rules: Record<string, unknown> };
export default plugin;
