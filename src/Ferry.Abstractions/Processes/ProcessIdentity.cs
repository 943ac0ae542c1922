using System.Diagnostics;

namespace Ferry.Abstractions.Processes;

/// <summary>
/// A process as (pid, start time): a pid alone may be reused by an unrelated process after ours ended,
/// the pair may not. On Linux the start time is field 22 of /proc/PID/stat (clock ticks since boot).
/// </summary>
public readonly record struct ProcessIdentity(int Pid, long StartTime)
{
    public static ProcessIdentity Current() => new(Environment.ProcessId, ReadStartTime(Environment.ProcessId) ?? 0);

    /// <summary>True while the process runs (a zombie does not count).</summary>
    public bool IsAlive()
    {
        if (!OperatingSystem.IsLinux()) return IsAliveByHandle(Pid);
        var stat = ReadStat(Pid);
        if (stat is null) return false;
        var (state, startTime) = stat.Value;
        if (state is 'Z' or 'X') return false;
        return StartTime == 0 || startTime == StartTime;
    }

    public static long? ReadStartTime(int pid) => ReadStat(pid)?.StartTime;

    private static (char State, long StartTime)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid ..." — comm may hold spaces and parentheses, so split after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0) return null;
        var fields = text[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); start time is field 22.
        if (fields.Length < 20 || !long.TryParse(fields[19], out var start)) return null;
        return (fields[0][0], start);
    }

    private static bool IsAliveByHandle(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
