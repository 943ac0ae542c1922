using System.Diagnostics;

namespace Ferry.Runtime.Interception;

/// <summary>Process.Start in app code: the view's policy decides first (a denied start is the Win32Exception .NET throws).</summary>
public static class ProcessShims
{
    public static Process Start(string fileName)
    {
        HostPaths.View.CheckProcessStart(fileName);
        return Process.Start(fileName);
    }

    public static Process Start(string fileName, string arguments)
    {
        HostPaths.View.CheckProcessStart(fileName);
        return Process.Start(fileName, arguments);
    }

    public static Process Start(string fileName, IEnumerable<string> arguments)
    {
        HostPaths.View.CheckProcessStart(fileName);
        return Process.Start(fileName, arguments);
    }

    public static Process? Start(ProcessStartInfo startInfo)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        HostPaths.View.CheckProcessStart(startInfo.FileName);
        return Process.Start(startInfo);
    }

    public static bool Start(Process process)
    {
        HostPaths.View.CheckProcessStart(process.StartInfo.FileName);
        return process.Start();
    }
}
