/**
 * A definition version as compiled, read once per version and kept (a version never changes): the
 * facts it declares and its legal clocks with the milestones that move them. The trajectory page
 * builds its fact-correction and clock forms from it.
 */
import { useQuery } from '@tanstack/react-query';
import { api, ProblemAnswer, problemOf } from '../api/client';
import type { PayloadField } from '../api/views';

/** The changes a definition version declares for a clock (a clock moves only through milestones it names). */
export interface DeclaredClock {
  readonly id: string;
  readonly suspendOn: readonly string[];
  readonly resumeOn: readonly string[];
  readonly extendOn: readonly unknown[];
  readonly stopOn: readonly string[];
}

export interface CompiledDefinition {
  readonly facts: readonly PayloadField[];
  readonly legalClocks: readonly DeclaredClock[];
}

async function fetchCompiledDefinition(key: string, version: number): Promise<CompiledDefinition> {
  const { data, error, response } = await api.GET('/definitions/{key}/versions/{version}', { params: { path: { key, version } } });
  if (!response.ok) throw new ProblemAnswer(problemOf(error, response.status));
  return (data as unknown as { compiled: CompiledDefinition }).compiled;
}

export function useCompiledDefinition({ key, version }: { readonly key: string; readonly version: number }) {
  return useQuery({ queryKey: ['compiled-definition', key, version], queryFn: () => fetchCompiledDefinition(key, version), staleTime: Infinity });
}
