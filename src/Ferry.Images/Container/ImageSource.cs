using Microsoft.Win32.SafeHandles;

namespace Ferry.Images.Container;

/// <summary>Positional, thread-safe reads from an image's bytes (a file or memory).</summary>
internal abstract class ImageSource : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Reads exactly <paramref name="destination"/>.Length bytes at <paramref name="offset"/> (callers check bounds).</summary>
    public abstract void Read(long offset, Span<byte> destination);

    public virtual void Dispose() { }

    public static ImageSource FromFile(string path) => new FileSource(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read));

    public static ImageSource FromStream(Stream stream)
    {
        if (stream is FileStream fs && fs.CanSeek)
        {
            return new FileSource(fs.SafeFileHandle, ownsHandle: false, start: fs.Position);
        }
        if (stream is MemoryStream ms && ms.TryGetBuffer(out var segment))
        {
            var from = (int)ms.Position;
            return new MemorySource(segment.Array!, segment.Offset + from, segment.Count - from);
        }
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new MemorySource(copy.GetBuffer(), 0, (int)copy.Length);
    }

    private sealed class FileSource : ImageSource
    {
        private readonly SafeFileHandle _handle;
        private readonly bool _ownsHandle;
        private readonly long _start;

        public FileSource(SafeFileHandle handle, bool ownsHandle = true, long start = 0)
        {
            _handle = handle;
            _ownsHandle = ownsHandle;
            _start = start;
            Length = RandomAccess.GetLength(handle) - start;
        }

        public override long Length { get; }

        public override void Read(long offset, Span<byte> destination)
        {
            while (!destination.IsEmpty)
            {
                int n = RandomAccess.Read(_handle, destination, _start + offset);
                if (n <= 0)
                {
                    throw new ImageFormatException($"image is truncated: the file ended while reading byte {offset} (it changed while being read?)");
                }
                destination = destination[n..];
                offset += n;
            }
        }

        public override void Dispose()
        {
            if (_ownsHandle)
            {
                _handle.Dispose();
            }
        }
    }

    private sealed class MemorySource(byte[] data, int start, int length) : ImageSource
    {
        public override long Length => length;

        public override void Read(long offset, Span<byte> destination) =>
            data.AsSpan(start + (int)offset, destination.Length).CopyTo(destination);
    }
}
