using System.Text;
using Ferry.Abstractions.Environments;
using Ferry.Runtime.Resources;

namespace Ferry.Runtime.Interception;

/// <summary>
/// FileStream, StreamReader and StreamWriter constructors in app code. Every stream opened by path is
/// opened on the mapped host path and recorded in the <see cref="ResourceTable"/> (inside path and open
/// arguments) so an image can reopen it; writers are recorded so a checkpoint can flush them first.
/// The defaults are the framework's own (FileStream: share Read, 4096-byte buffer; StreamReader/Writer by
/// path: sequential scan, UTF-8 without a BOM for writers).
/// </summary>
public static class FileStreamShims
{
    internal const int DefaultBufferSize = 4096;

    /// <summary>Open (and record) a file stream for an inside path: the one place the shims open files.</summary>
    public static FileStream Open(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
    {
        var pathAccess = access == FileAccess.Read ? PathAccess.Read : mode == FileMode.Open ? PathAccess.Write : PathAccess.Create;
        var view = HostPaths.View;
        var limit = access == FileAccess.Read ? null : view.MaxFileSize;
        var stream = HostPaths.Run(path, pathAccess, host => limit is long max
            ? new BoundedFileStream(host, HostPaths.FullInside(path), max, mode, access, share, bufferSize, options)
            : new FileStream(host, mode, access, share, bufferSize, options));
        ResourceTable.AddFile(stream, view.ToInsidePath(stream.Name), mode, access, share, bufferSize, options);
        return stream;
    }

    /// <summary>Restore: open a recorded file again through the current view (never creating or truncating it) at a position.</summary>
    internal static FileStream Reopen(OpenFileRecord record, long position)
    {
        var view = HostPaths.View;
        var host = view.MapPath(record.InsidePath, record.Access == FileAccess.Read ? PathAccess.Read : PathAccess.Write);
        // Append only allows writing at the end; the position says where the app was, so open plainly and seek.
        var limit = record.Access == FileAccess.Read ? null : view.MaxFileSize;
        FileStream stream = limit is long max
            ? new BoundedFileStream(host, record.InsidePath, max, FileMode.Open, record.Access, record.Share, record.BufferSize, record.Options)
            : new FileStream(host, FileMode.Open, record.Access, record.Share, record.BufferSize, record.Options);
        if (stream.CanSeek) stream.Seek(position, SeekOrigin.Begin);
        ResourceTable.AddFile(stream, record.InsidePath, record.Mode, record.Access, record.Share, record.BufferSize, record.Options);
        return stream;
    }

    private static FileAccess DefaultAccess(FileMode mode) => mode == FileMode.Append ? FileAccess.Write : FileAccess.ReadWrite;

    // FileStream constructors by path.
    public static FileStream Create(string path, FileMode mode) =>
        Open(path, mode, DefaultAccess(mode), FileShare.Read, DefaultBufferSize, FileOptions.None);

    public static FileStream Create(string path, FileMode mode, FileAccess access) =>
        Open(path, mode, access, FileShare.Read, DefaultBufferSize, FileOptions.None);

    public static FileStream Create(string path, FileMode mode, FileAccess access, FileShare share) =>
        Open(path, mode, access, share, DefaultBufferSize, FileOptions.None);

    public static FileStream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize) =>
        Open(path, mode, access, share, bufferSize, FileOptions.None);

    public static FileStream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, bool useAsync) =>
        Open(path, mode, access, share, bufferSize, useAsync ? FileOptions.Asynchronous : FileOptions.None);

    public static FileStream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options) =>
        Open(path, mode, access, share, bufferSize, options);

    public static FileStream Create(string path, FileStreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PreallocationSize > 0 && HostPaths.View.MaxFileSize is long max && options.PreallocationSize > max)
            throw HostPaths.FileTooLarge(HostPaths.FullInside(path));
        return Open(path, options.Mode, options.Access, options.Share, options.BufferSize, options.Options);
    }

    /// <summary>FileStream.Name: the inside path.</summary>
    public static string Name(FileStream stream) => HostPaths.View.ToInsidePath(stream.Name);

    // StreamReader by path (FileMode.Open, read, share Read, sequential scan) and over a stream.
    private static FileStream OpenForReader(string path) =>
        Open(path, FileMode.Open, FileAccess.Read, FileShare.Read, DefaultBufferSize, FileOptions.SequentialScan);

    public static StreamReader CreateReader(string path) => new(OpenForReader(path));

    public static StreamReader CreateReader(string path, bool detectEncodingFromByteOrderMarks) =>
        new(OpenForReader(path), detectEncodingFromByteOrderMarks);

    public static StreamReader CreateReader(string path, Encoding encoding) => new(OpenForReader(path), encoding);

    public static StreamReader CreateReader(string path, Encoding encoding, bool detectEncodingFromByteOrderMarks) =>
        new(OpenForReader(path), encoding, detectEncodingFromByteOrderMarks);

    public static StreamReader CreateReader(string path, Encoding encoding, bool detectEncodingFromByteOrderMarks, int bufferSize) =>
        new(OpenForReader(path), encoding, detectEncodingFromByteOrderMarks, bufferSize);

    public static StreamReader CreateReader(string path, FileStreamOptions options) =>
        new(Create(path, options));

    // StreamWriter by path (Create or Append, write, share Read, sequential scan) and over a stream.
    private static FileStream OpenForWriter(string path, bool append) =>
        Open(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, DefaultBufferSize, FileOptions.SequentialScan);

    private static StreamWriter Track(StreamWriter writer)
    {
        ResourceTable.AddWriter(writer);
        return writer;
    }

    public static StreamWriter CreateWriter(string path) => Track(new StreamWriter(OpenForWriter(path, false)));

    public static StreamWriter CreateWriter(string path, bool append) => Track(new StreamWriter(OpenForWriter(path, append)));

    public static StreamWriter CreateWriter(string path, bool append, Encoding encoding) =>
        Track(new StreamWriter(OpenForWriter(path, append), encoding));

    public static StreamWriter CreateWriter(string path, bool append, Encoding encoding, int bufferSize) =>
        Track(new StreamWriter(OpenForWriter(path, append), encoding, bufferSize));

    public static StreamWriter CreateWriter(string path, FileStreamOptions options) => Track(new StreamWriter(Create(path, options)));

    public static StreamWriter CreateWriter(Stream stream) => Track(new StreamWriter(stream));

    public static StreamWriter CreateWriter(Stream stream, Encoding encoding) => Track(new StreamWriter(stream, encoding));

    public static StreamWriter CreateWriter(Stream stream, Encoding encoding, int bufferSize) => Track(new StreamWriter(stream, encoding, bufferSize));

    public static StreamWriter CreateWriter(Stream stream, Encoding? encoding, int bufferSize, bool leaveOpen) =>
        Track(new StreamWriter(stream, encoding, bufferSize, leaveOpen));
}
