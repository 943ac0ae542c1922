using Ferry.Cli;

return FerryCommandLine.Run(args);
