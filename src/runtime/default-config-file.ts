/** The configuration file used when STOPINATOR_CONFIG_FILE is not set (relative to the working directory). */
export const DEFAULT_CONFIG_FILE = 'stopinator.config.yml';
