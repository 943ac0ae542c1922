using Ferry.Abstractions.Output;

namespace Ferry.Host.Console;

/// <summary>Routes the process's Console.Out and Console.Error (shared by host and app) into the instance log.</summary>
internal static class InstanceConsole
{
    /// <summary>Install the writers. With <paramref name="echo"/> (foreground) the output also goes to the real stdout and stderr.</summary>
    public static void Install(OutputLogWriter log, bool echo)
    {
        var stdout = new InstanceConsoleWriter(OutputStream.Stdout, log, echo ? System.Console.OpenStandardOutput() : null);
        var stderr = new InstanceConsoleWriter(OutputStream.Stderr, log, echo ? System.Console.OpenStandardError() : null);
        System.Console.SetOut(stdout);
        System.Console.SetError(stderr);
    }
}
