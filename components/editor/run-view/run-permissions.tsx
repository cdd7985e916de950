'use client';
/** What the signed-in person may do to runs in this editor (their team role, from the server page). */
import { createContext, useContext, type ReactNode } from 'react';

const CanApproveContext = createContext(false);

export function RunPermissionsProvider({ canApprove, children }: { canApprove: boolean; children: ReactNode }) {
  return <CanApproveContext.Provider value={canApprove}>{children}</CanApproveContext.Provider>;
}

/** Approvers and owners decide waiting approval steps; the server checks the role again. */
export function useCanApprove(): boolean {
  return useContext(CanApproveContext);
}
