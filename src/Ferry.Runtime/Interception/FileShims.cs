using System.Text;
using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>
/// System.IO.File's static methods in app code: paths are mapped through the environment view, errors
/// name inside paths. Streams and readers/writers they return are opened through
/// <see cref="FileStreamShims"/> (recorded for images). With a file-size limit, whole-file writes go
/// through a bounded stream; without one they are the framework's own calls on the host path.
/// </summary>
public static class FileShims
{
    internal static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool Exists(string? path)
    {
        // File.Exists never throws: a bad or denied path is simply "not there".
        if (string.IsNullOrEmpty(path)) return false;
        try
        {
            return File.Exists(HostPaths.Map(path, PathAccess.Read));
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException or ArgumentException)
        {
            return false;
        }
    }

    public static string ReadAllText(string path) => HostPaths.Run(path, PathAccess.Read, File.ReadAllText);

    public static string ReadAllText(string path, Encoding encoding) => HostPaths.Run(path, PathAccess.Read, h => File.ReadAllText(h, encoding));

    public static byte[] ReadAllBytes(string path) => HostPaths.Run(path, PathAccess.Read, File.ReadAllBytes);

    public static string[] ReadAllLines(string path) => HostPaths.Run(path, PathAccess.Read, File.ReadAllLines);

    public static string[] ReadAllLines(string path, Encoding encoding) => HostPaths.Run(path, PathAccess.Read, h => File.ReadAllLines(h, encoding));

    public static IEnumerable<string> ReadLines(string path) => HostPaths.Run(path, PathAccess.Read, File.ReadLines);

    public static IEnumerable<string> ReadLines(string path, Encoding encoding) => HostPaths.Run(path, PathAccess.Read, h => File.ReadLines(h, encoding));

    public static void WriteAllText(string path, string? contents) => WriteText(path, FileMode.Create, contents, null);

    public static void WriteAllText(string path, string? contents, Encoding encoding) => WriteText(path, FileMode.Create, contents, encoding);

    public static void AppendAllText(string path, string? contents) => WriteText(path, FileMode.Append, contents, null);

    public static void AppendAllText(string path, string? contents, Encoding encoding) => WriteText(path, FileMode.Append, contents, encoding);

    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (HostPaths.View.MaxFileSize is null)
        {
            HostPaths.Run(path, PathAccess.Create, h => File.WriteAllBytes(h, bytes));
            return;
        }
        using var stream = FileStreamShims.Open(path, FileMode.Create, FileAccess.Write, FileShare.Read, FileStreamShims.DefaultBufferSize, FileOptions.None);
        stream.Write(bytes);
    }

    // Span overloads: a copy, then the same path as the array/string ones (a lambda cannot hold a span).
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes) => WriteAllBytes(path, bytes.ToArray());

    public static void AppendAllBytes(string path, ReadOnlySpan<byte> bytes) => AppendAllBytes(path, bytes.ToArray());

    public static void WriteAllText(string path, ReadOnlySpan<char> contents) => WriteText(path, FileMode.Create, contents.ToString(), null);

    public static void WriteAllText(string path, ReadOnlySpan<char> contents, Encoding encoding) => WriteText(path, FileMode.Create, contents.ToString(), encoding);

    public static void AppendAllText(string path, ReadOnlySpan<char> contents) => WriteText(path, FileMode.Append, contents.ToString(), null);

    public static void AppendAllText(string path, ReadOnlySpan<char> contents, Encoding encoding) => WriteText(path, FileMode.Append, contents.ToString(), encoding);

    public static void AppendAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = FileStreamShims.Open(path, FileMode.Append, FileAccess.Write, FileShare.Read, FileStreamShims.DefaultBufferSize, FileOptions.None);
        stream.Write(bytes);
    }

    public static void WriteAllLines(string path, string[] contents) => WriteLines(path, FileMode.Create, contents, null);

    public static void WriteAllLines(string path, IEnumerable<string> contents) => WriteLines(path, FileMode.Create, contents, null);

    public static void WriteAllLines(string path, string[] contents, Encoding encoding) => WriteLines(path, FileMode.Create, contents, encoding);

    public static void WriteAllLines(string path, IEnumerable<string> contents, Encoding encoding) => WriteLines(path, FileMode.Create, contents, encoding);

    public static void AppendAllLines(string path, IEnumerable<string> contents) => WriteLines(path, FileMode.Append, contents, null);

    public static void AppendAllLines(string path, IEnumerable<string> contents, Encoding encoding) => WriteLines(path, FileMode.Append, contents, encoding);

    private static void WriteText(string path, FileMode mode, string? contents, Encoding? encoding)
    {
        if (HostPaths.View.MaxFileSize is null)
        {
            var access = mode == FileMode.Append ? PathAccess.Write : PathAccess.Create;
            HostPaths.Run(path, access, h =>
            {
                if (mode == FileMode.Append) File.AppendAllText(h, contents, encoding ?? Utf8NoBom);
                else File.WriteAllText(h, contents, encoding ?? Utf8NoBom);
            });
            return;
        }
        using var writer = new StreamWriter(
            FileStreamShims.Open(path, mode, FileAccess.Write, FileShare.Read, FileStreamShims.DefaultBufferSize, FileOptions.None),
            encoding ?? Utf8NoBom);
        writer.Write(contents);
    }

    private static void WriteLines(string path, FileMode mode, IEnumerable<string> contents, Encoding? encoding)
    {
        ArgumentNullException.ThrowIfNull(contents);
        using var writer = new StreamWriter(
            FileStreamShims.Open(path, mode, FileAccess.Write, FileShare.Read, FileStreamShims.DefaultBufferSize, FileOptions.None),
            encoding ?? Utf8NoBom);
        foreach (var line in contents) writer.WriteLine(line);
    }

    public static FileStream Open(string path, FileMode mode) => FileStreamShims.Create(path, mode, mode == FileMode.Append ? FileAccess.Write : FileAccess.ReadWrite, FileShare.None);

    public static FileStream Open(string path, FileMode mode, FileAccess access) => FileStreamShims.Create(path, mode, access, FileShare.None);

    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share) => FileStreamShims.Create(path, mode, access, share);

    public static FileStream Open(string path, FileStreamOptions options) => FileStreamShims.Create(path, options);

    public static FileStream OpenRead(string path) => FileStreamShims.Create(path, FileMode.Open, FileAccess.Read, FileShare.Read);

    public static FileStream OpenWrite(string path) => FileStreamShims.Create(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None);

    public static FileStream Create(string path) => Create(path, FileStreamShims.DefaultBufferSize);

    public static FileStream Create(string path, int bufferSize) => FileStreamShims.Create(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize);

    public static FileStream Create(string path, int bufferSize, FileOptions options) =>
        FileStreamShims.Create(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize, options);

    public static StreamReader OpenText(string path) => FileStreamShims.CreateReader(path);

    public static StreamWriter CreateText(string path) => FileStreamShims.CreateWriter(path, append: false);

    public static StreamWriter AppendText(string path) => FileStreamShims.CreateWriter(path, append: true);

    public static void Delete(string path) => HostPaths.Run(path, PathAccess.Delete, File.Delete);

    public static void Copy(string sourceFileName, string destFileName) => Copy(sourceFileName, destFileName, false);

    public static void Copy(string sourceFileName, string destFileName, bool overwrite)
    {
        HostPaths.Run(sourceFileName, PathAccess.Read, destFileName, PathAccess.Create, (s, d) =>
        {
            if (HostPaths.View.MaxFileSize is long max && File.Exists(s) && new FileInfo(s).Length > max)
                throw HostPaths.FileTooLarge(HostPaths.FullInside(destFileName));
            File.Copy(s, d, overwrite);
        });
    }

    public static void Move(string sourceFileName, string destFileName) => Move(sourceFileName, destFileName, false);

    public static void Move(string sourceFileName, string destFileName, bool overwrite) =>
        HostPaths.Run(sourceFileName, PathAccess.Delete, destFileName, PathAccess.Create, (s, d) => File.Move(s, d, overwrite));

    public static FileAttributes GetAttributes(string path) => HostPaths.Run(path, PathAccess.Read, File.GetAttributes);

    public static void SetAttributes(string path, FileAttributes fileAttributes) =>
        HostPaths.Run(path, PathAccess.Write, h => File.SetAttributes(h, fileAttributes));

    public static DateTime GetLastWriteTime(string path) => HostPaths.Run(path, PathAccess.Read, File.GetLastWriteTime);

    public static DateTime GetLastWriteTimeUtc(string path) => HostPaths.Run(path, PathAccess.Read, File.GetLastWriteTimeUtc);

    public static DateTime GetCreationTime(string path) => HostPaths.Run(path, PathAccess.Read, File.GetCreationTime);

    public static DateTime GetCreationTimeUtc(string path) => HostPaths.Run(path, PathAccess.Read, File.GetCreationTimeUtc);

    public static DateTime GetLastAccessTime(string path) => HostPaths.Run(path, PathAccess.Read, File.GetLastAccessTime);

    public static DateTime GetLastAccessTimeUtc(string path) => HostPaths.Run(path, PathAccess.Read, File.GetLastAccessTimeUtc);

    public static void SetLastWriteTime(string path, DateTime lastWriteTime) =>
        HostPaths.Run(path, PathAccess.Write, h => File.SetLastWriteTime(h, lastWriteTime));

    public static void SetLastWriteTimeUtc(string path, DateTime lastWriteTimeUtc) =>
        HostPaths.Run(path, PathAccess.Write, h => File.SetLastWriteTimeUtc(h, lastWriteTimeUtc));
}
