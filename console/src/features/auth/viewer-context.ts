import { createContext, useContext } from 'react';
import type { Role } from '../../gql/graphql';

/** Who is signed in, as `me` returns it; available to every screen behind the sign-in. */
export interface ViewerInfo {
  role: Role;
  account: { id: string; slug: string; name: string };
  user?: { id: string; email: string } | null;
}

export const ViewerContext = createContext<ViewerInfo | null>(null);

export function useViewer(): ViewerInfo {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer is only available behind RequireAuth');
  return viewer;
}

/** READERs may look but not change anything: mutating controls are hidden or disabled for them. */
export function useCanEdit(): boolean {
  return useViewer().role !== 'READER';
}
