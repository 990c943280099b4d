/** The `guildkit --help` text. */
export const USAGE = `Usage: guildkit <command> [options]

Commands:
  init [dir]        Create a project: package.json, guild.yaml, a code agent, tsconfig
  run <spec>        Launch the guild, send messages, print what flows on the bus
      --send <format> <json>   Publish a message (repeatable; sent in order, each
                               after the guild settled from the previous one)
      --interactive, -i        Prompt for Python that the code agent runs statefully;
                               output shows as it is printed (CodeOutput); Ctrl-C
                               interrupts the running cell (CodeInterrupt), state
                               kept; Ctrl-C again while it is pending ends the session
      --format <format>        Format of interactive messages (default CodeRequest)
      --require <module>       Import a module first, e.g. one that registers agents
      --org <id>               Organization id (default: local)
      --wait <seconds>         Longest wait for replies per message (default 120)
      --fail-on-error          Exit 1 when an ErrorMessage comes back
      --grace <seconds>        At shutdown, time for messages in progress (default 5)
      --verbose                Show the stack in error messages
      --output-dir <dir>       Where images, HTML results and output files of code
                               replies are written (default guildkit-output)
      --output-file <pattern>  With -i, ask each cell for these files of the code
                               agent's home (e.g. '*.csv'; repeatable); new or
                               changed ones are written to --output-dir
      --include-root <dir>     Let !include/!code read files in <dir> (default:
                               only the spec's own directory tree)
      --agents <id,...>        Host only these agents here; the others run in other
                               processes on the same networked bus ('' = none)
    Without --send or --interactive the guild runs until Ctrl-C (or SIGTERM/SIGHUP),
    e.g. a process that hosts agents for others (--agents).
  validate <spec>   Print every problem of the spec; exit 1 when there are errors
      --json                   Print the report as JSON
      --strict                 Unknown keys are errors (default: warnings, as
                               upstream ignores them)
      --require <module>       Import a module first, e.g. one that registers agents
      --include-root <dir>     Let !include/!code read files in <dir>
  schema            Print the JSON Schema of guild spec files
      --require <module>       Import a module first, e.g. one whose resolvers
                               declare property schemas
  cache ls          List the cached Python images (one per executor configuration)
  cache prune       Remove images of other Pyodide versions or unused for 30 days
      --older-than <days>      Unused for this many days instead
  cache clear       Remove every cached image and downloaded wheel

Examples:
  guildkit init my-guild
  guildkit run examples/code-guild/guild.yaml --send CodeRequest '{"code": "x = 6 * 7"}'
  guildkit run examples/code-guild/guild.yaml --interactive
  guildkit validate examples/code-guild/guild.yaml`;
