import { useCallback, useEffect, useRef } from 'react';
import { useBlocker } from 'react-router-dom';

/**
 * Asks before leaving a form with unsaved changes: in-app navigation is held by the router until the admin
 * decides; closing or reloading the tab gets the browser's own prompt.
 * `allowNextLeave()` lets the navigation that follows a successful save through.
 */
export function useLeaveGuard(dirty: boolean) {
  const leaveAllowed = useRef(false);
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaveAllowed.current && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  // Stable while the blocker is, so that the memoised dialog given them skips rendering while the admin types.
  const stay = useCallback(() => blocker.reset?.(), [blocker]);
  const leave = useCallback(() => blocker.proceed?.(), [blocker]);
  return {
    blocked: blocker.state === 'blocked',
    stay,
    leave,
    allowNextLeave: () => {
      leaveAllowed.current = true;
    },
  };
}
