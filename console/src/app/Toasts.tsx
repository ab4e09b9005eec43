import { Notifications } from '@mantine/notifications';
import './all-styles';
import classes from './app.module.css';

/**
 * Where toasts appear: top centre, under the header. Not at the bottom, where they covered the editor's sticky
 * Save button; not top right, where they covered Sign out and the page's own actions (Set inactive, Archive).
 * Its own chunk: the toasts' transitions are not needed to show the first screen.
 */
export default function Toasts() {
  return <Notifications position="top-center" className={classes.toasts} />;
}
