// All of Mantine's styles (main.tsx carries only the list's): loaded before any other screen, dialog or toast shows.
import '@mantine/core/styles.layer.css';
import '@mantine/notifications/styles.layer.css';
import '@mantine/charts/styles.layer.css';
