/** All of Mantine's styles (all-styles.ts), for what shows on the list after its first screen: its dialogs. */
export const loadAllStyles = () => import('./all-styles');
