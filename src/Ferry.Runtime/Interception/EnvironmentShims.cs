using System.Collections;
using System.Text;

namespace Ferry.Runtime.Interception;

/// <summary>
/// Environment in app code: variables, names, process id and current directory as the environment
/// view shows them; the host process's own variables are never read or changed by the app.
/// </summary>
public static class EnvironmentShims
{
    public static string? GetEnvironmentVariable(string variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return HostPaths.View.GetVariable(variable);
    }

    /// <summary>The process's variables are the view's; Unix has no user or machine store (.NET returns null there).</summary>
    public static string? GetEnvironmentVariable(string variable, EnvironmentVariableTarget target)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return target == EnvironmentVariableTarget.Process ? HostPaths.View.GetVariable(variable) : Environment.GetEnvironmentVariable(variable, target);
    }

    public static IDictionary GetEnvironmentVariables()
    {
        var result = new Hashtable();
        foreach (var (name, value) in HostPaths.View.GetVariables()) result[name] = value;
        return result;
    }

    public static IDictionary GetEnvironmentVariables(EnvironmentVariableTarget target) =>
        target == EnvironmentVariableTarget.Process ? GetEnvironmentVariables() : Environment.GetEnvironmentVariables(target);

    public static void SetEnvironmentVariable(string variable, string? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        if (variable.Contains('=') || variable[0] == '\0')
            throw new ArgumentException("Environment variable name cannot contain equal character.", nameof(variable));
        HostPaths.View.SetVariable(variable, string.IsNullOrEmpty(value) ? null : value);
    }

    public static void SetEnvironmentVariable(string variable, string? value, EnvironmentVariableTarget target)
    {
        if (target == EnvironmentVariableTarget.Process) SetEnvironmentVariable(variable, value);
        else Environment.SetEnvironmentVariable(variable, value, target);
    }

    /// <summary>%NAME% replaced by the view's variable; unknown names stay as they are (the framework's rule).</summary>
    public static string ExpandEnvironmentVariables(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var result = new StringBuilder(name.Length);
        var i = 0;
        while (i < name.Length)
        {
            var start = name.IndexOf('%', i);
            var end = start < 0 ? -1 : name.IndexOf('%', start + 1);
            if (end < 0)
            {
                result.Append(name, i, name.Length - i);
                break;
            }
            result.Append(name, i, start - i);
            var value = HostPaths.View.GetVariable(name.Substring(start + 1, end - start - 1));
            if (value is null)
            {
                // Keep the first '%' and rescan from the second: it may open the next reference.
                result.Append(name, start, end - start);
                i = end;
            }
            else
            {
                result.Append(value);
                i = end + 1;
            }
        }
        return result.ToString();
    }

    public static string MachineName() => HostPaths.View.MachineName;

    public static string UserName() => HostPaths.View.UserName;

    public static int ProcessId() => HostPaths.View.ProcessId;

    public static string GetCurrentDirectory() => HostPaths.View.CurrentDirectory;

    public static void SetCurrentDirectory(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        DirectoryShims.SetCurrentDirectory(value);
    }

    public static string GetHostName() => HostPaths.View.MachineName;
}
