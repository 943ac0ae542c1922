using System.Runtime.CompilerServices;
using System.Text;
using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>
/// System.IO.File's async methods in app code: the path is mapped through the view, then the framework's
/// own async call runs on the host path (errors name the inside path). Writes that must be bounded (a
/// file-size limit) or recorded (appends, as <see cref="FileShims"/> does) go through a stream opened by
/// <see cref="FileStreamShims"/>, written asynchronously. Only where the bytes go is decided here: an await
/// in progress is not capturable (async capture is its own piece of work).
/// </summary>
public static class FileAsyncShims
{
    public static Task<string> ReadAllTextAsync(string path, CancellationToken cancellationToken) =>
        HostPaths.RunAsync(path, PathAccess.Read, h => File.ReadAllTextAsync(h, cancellationToken));

    public static Task<string> ReadAllTextAsync(string path, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return HostPaths.RunAsync(path, PathAccess.Read, h => File.ReadAllTextAsync(h, encoding, cancellationToken));
    }

    public static Task<byte[]> ReadAllBytesAsync(string path, CancellationToken cancellationToken) =>
        HostPaths.RunAsync(path, PathAccess.Read, h => File.ReadAllBytesAsync(h, cancellationToken));

    public static Task<string[]> ReadAllLinesAsync(string path, CancellationToken cancellationToken) =>
        HostPaths.RunAsync(path, PathAccess.Read, h => File.ReadAllLinesAsync(h, cancellationToken));

    public static Task<string[]> ReadAllLinesAsync(string path, Encoding encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return HostPaths.RunAsync(path, PathAccess.Read, h => File.ReadAllLinesAsync(h, encoding, cancellationToken));
    }

    public static IAsyncEnumerable<string> ReadLinesAsync(string path, CancellationToken cancellationToken) =>
        ReadLinesAsync(path, Encoding.UTF8, cancellationToken);

    /// <summary>Lazy, as the framework's: the file is opened (through the view) on the first MoveNextAsync.</summary>
    public static IAsyncEnumerable<string> ReadLinesAsync(string path, Encoding encoding, CancellationToken cancellationToken)
    {
        HostPaths.CheckArgument(path);
        ArgumentNullException.ThrowIfNull(encoding);
        return Lines(path, encoding, cancellationToken);

        static async IAsyncEnumerable<string> Lines(string path, Encoding encoding, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(
                FileStreamShims.Open(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileStreamShims.DefaultBufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan),
                encoding);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line) yield return line;
        }
    }

    public static Task WriteAllTextAsync(string path, string? contents, CancellationToken cancellationToken) =>
        WriteTextAsync(path, FileMode.Create, contents.AsMemory(), null, cancellationToken);

    public static Task WriteAllTextAsync(string path, string? contents, Encoding encoding, CancellationToken cancellationToken) =>
        WriteTextAsync(path, FileMode.Create, contents.AsMemory(), Required(encoding), cancellationToken);

    public static Task WriteAllTextAsync(string path, ReadOnlyMemory<char> contents, CancellationToken cancellationToken) =>
        WriteTextAsync(path, FileMode.Create, contents, null, cancellationToken);

    public static Task WriteAllTextAsync(string path, ReadOnlyMemory<char> contents, Encoding encoding, CancellationToken cancellationToken) =>
        WriteTextAsync(path, FileMode.Create, contents, Required(encoding), cancellationToken);

    public static Task AppendAllTextAsync(string path, string? contents, CancellationToken cancellationToken) =>
        WriteTextAsync(path, FileMode.Append, contents.AsMemory(), null, cancellationToken);

    public static Task AppendAllTextAsync(string path, string? contents, Encoding encoding, CancellationToken cancellationToken) =>
        WriteTextAsync(path, FileMode.Append, contents.AsMemory(), Required(encoding), cancellationToken);

    public static Task AppendAllTextAsync(string path, ReadOnlyMemory<char> contents, CancellationToken cancellationToken) =>
        WriteTextAsync(path, FileMode.Append, contents, null, cancellationToken);

    public static Task AppendAllTextAsync(string path, ReadOnlyMemory<char> contents, Encoding encoding, CancellationToken cancellationToken) =>
        WriteTextAsync(path, FileMode.Append, contents, Required(encoding), cancellationToken);

    public static Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return WriteAllBytesAsync(path, bytes.AsMemory(), cancellationToken);
    }

    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (HostPaths.View.MaxFileSize is null)
            return HostPaths.RunAsync(path, PathAccess.Create, h => File.WriteAllBytesAsync(h, bytes, cancellationToken));
        return WriteThroughStreamAsync(path, FileMode.Create, stream => stream.WriteAsync(bytes, cancellationToken).AsTask());
    }

    public static Task AppendAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return AppendAllBytesAsync(path, bytes.AsMemory(), cancellationToken);
    }

    public static Task AppendAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteThroughStreamAsync(path, FileMode.Append, stream => stream.WriteAsync(bytes, cancellationToken).AsTask());

    public static Task WriteAllLinesAsync(string path, IEnumerable<string> contents, CancellationToken cancellationToken) =>
        WriteLinesAsync(path, FileMode.Create, contents, null, cancellationToken);

    public static Task WriteAllLinesAsync(string path, IEnumerable<string> contents, Encoding encoding, CancellationToken cancellationToken) =>
        WriteLinesAsync(path, FileMode.Create, contents, Required(encoding), cancellationToken);

    public static Task AppendAllLinesAsync(string path, IEnumerable<string> contents, CancellationToken cancellationToken) =>
        WriteLinesAsync(path, FileMode.Append, contents, null, cancellationToken);

    public static Task AppendAllLinesAsync(string path, IEnumerable<string> contents, Encoding encoding, CancellationToken cancellationToken) =>
        WriteLinesAsync(path, FileMode.Append, contents, Required(encoding), cancellationToken);

    private static Encoding Required(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return encoding;
    }

    private static Task WriteTextAsync(string path, FileMode mode, ReadOnlyMemory<char> contents, Encoding? encoding, CancellationToken cancellationToken)
    {
        if (HostPaths.View.MaxFileSize is null)
        {
            var access = mode == FileMode.Append ? PathAccess.Write : PathAccess.Create;
            return HostPaths.RunAsync(path, access, h => mode == FileMode.Append
                ? File.AppendAllTextAsync(h, contents, encoding ?? FileShims.Utf8NoBom, cancellationToken)
                : File.WriteAllTextAsync(h, contents, encoding ?? FileShims.Utf8NoBom, cancellationToken));
        }
        return WriteThroughStreamAsync(path, mode, async stream =>
        {
            await using var writer = new StreamWriter(stream, encoding ?? FileShims.Utf8NoBom);
            await writer.WriteAsync(contents, cancellationToken).ConfigureAwait(false);
        });
    }

    private static Task WriteLinesAsync(string path, FileMode mode, IEnumerable<string> contents, Encoding? encoding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return WriteThroughStreamAsync(path, mode, async stream =>
        {
            await using var writer = new StreamWriter(stream, encoding ?? FileShims.Utf8NoBom);
            foreach (var line in contents) await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        });
    }

    /// <summary>Open (bounded and recorded) by the inside path, then write: opening errors arrive with the task, as the framework's do.</summary>
    private static Task WriteThroughStreamAsync(string path, FileMode mode, Func<FileStream, Task> write)
    {
        HostPaths.CheckArgument(path);
        return Core();

        async Task Core()
        {
            await using var stream = FileStreamShims.Open(path, mode, FileAccess.Write, FileShare.Read, FileStreamShims.DefaultBufferSize, FileOptions.Asynchronous);
            await write(stream).ConfigureAwait(false);
        }
    }
}
