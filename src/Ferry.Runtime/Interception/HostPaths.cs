using System.Diagnostics.CodeAnalysis;
using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>
/// How the file shims reach the host: an inside path is mapped through the current view first, and
/// an exception the host call throws is re-thrown with the inside path in place of the host path (the
/// same exception type .NET throws, so the app cannot tell, and host paths never reach it).
/// </summary>
internal static class HostPaths
{
    public static IEnvironmentView View => EnvironmentViews.Current;

    public static string Map(string insidePath, PathAccess access)
    {
        CheckArgument(insidePath);
        return View.MapPath(insidePath, access);
    }

    /// <summary>The framework's own checks of a path argument (same exception and message as .NET).</summary>
    public static void CheckArgument(string insidePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(insidePath);
        if (insidePath.Contains('\0')) throw new ArgumentException("Null character in path.", "path");
    }

    /// <summary>The full inside path of an inside path (relative ones against the app's current directory).</summary>
    public static string FullInside(string insidePath) => Path.GetFullPath(insidePath, View.CurrentDirectory);

    public static T Run<T>(string insidePath, PathAccess access, Func<string, T> call)
    {
        var host = Map(insidePath, access);
        try
        {
            return call(host);
        }
        catch (Exception e) when (TryTranslate(e, host, out var translated))
        {
            throw translated;
        }
    }

    public static void Run(string insidePath, PathAccess access, Action<string> call)
    {
        var host = Map(insidePath, access);
        try
        {
            call(host);
        }
        catch (Exception e) when (TryTranslate(e, host, out var translated))
        {
            throw translated;
        }
    }

    /// <summary>
    /// An async framework call on the mapped host path. As with the framework's own async file APIs,
    /// a bad argument is thrown at the call and everything else (a denied path included) arrives with
    /// the task; errors name the inside path.
    /// </summary>
    public static Task<T> RunAsync<T>(string insidePath, PathAccess access, Func<string, Task<T>> call)
    {
        CheckArgument(insidePath);
        return Core();

        async Task<T> Core()
        {
            var host = Map(insidePath, access);
            try
            {
                return await call(host).ConfigureAwait(false);
            }
            catch (Exception e) when (TryTranslate(e, host, out var translated))
            {
                throw translated;
            }
        }
    }

    public static Task RunAsync(string insidePath, PathAccess access, Func<string, Task> call) =>
        RunAsync(insidePath, access, async host =>
        {
            await call(host).ConfigureAwait(false);
            return true;
        });

    public static void Run(string source, PathAccess sourceAccess, string destination, PathAccess destinationAccess, Action<string, string> call)
    {
        var hostSource = Map(source, sourceAccess);
        var hostDestination = Map(destination, destinationAccess);
        try
        {
            call(hostSource, hostDestination);
        }
        catch (Exception e) when (TryTranslate(e, hostSource, out var translated) || TryTranslate(e, hostDestination, out translated))
        {
            throw translated;
        }
    }

    /// <summary>
    /// The same exception with <paramref name="hostPath"/> replaced by its inside path in the message
    /// (and FileName), or false when the message does not name the host path (then it propagates as is).
    /// </summary>
    public static bool TryTranslate(Exception e, string hostPath, [NotNullWhen(true)] out Exception? translated)
    {
        translated = null;
        if (e is not (IOException or UnauthorizedAccessException)) return false;
        var inside = View.ToInsidePath(hostPath);
        if (inside == hostPath || !e.Message.Contains(hostPath, StringComparison.Ordinal)) return false;
        var message = e.Message.Replace(hostPath, inside, StringComparison.Ordinal);
        translated = e switch
        {
            FileNotFoundException => new FileNotFoundException(message, inside),
            DirectoryNotFoundException => new DirectoryNotFoundException(message),
            PathTooLongException => new PathTooLongException(message),
            UnauthorizedAccessException => new UnauthorizedAccessException(message),
            _ => new IOException(message, e.HResult),
        };
        if (e is not UnauthorizedAccessException) translated.HResult = e.HResult;
        return true;
    }

    /// <summary>The message .NET gives a missing file, naming the inside path.</summary>
    public static FileNotFoundException FileNotFound(string insidePath)
    {
        var full = FullInside(insidePath);
        return new FileNotFoundException($"Could not find file '{full}'.", full);
    }

    /// <summary>What the OS says when a write would make a file larger than the environment's limit (EFBIG).</summary>
    public static IOException FileTooLarge(string insidePath) => new($"File too large : '{insidePath}'", 27);
}
