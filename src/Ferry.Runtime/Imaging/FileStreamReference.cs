namespace Ferry.Runtime.Imaging;

/// <summary>
/// Stands in an image for an open FileStream (and, with <see cref="Text"/> set, a StreamReader or
/// StreamWriter over one): reopened on restore through the current view's mapping of the inside path,
/// never created or truncated, at the recorded position. Only primitives and strings, so it can be
/// resolved before the rest of the graph is filled in.
/// </summary>
public sealed class FileStreamReference
{
    /// <summary>The stream's id in the process that wrote the image: a reader or writer and the app's own reference to one stream resolve to one new stream.</summary>
    public long Id;
    public string InsidePath = "";
    public int Mode;
    public int Access;
    public int Share;
    public int Options;
    public int BufferSize;
    public long Position;
    public bool Disposed;

    /// <summary>0: the FileStream itself; 1: a StreamReader over it; 2: a StreamWriter over it.</summary>
    public int Text;
    public int CodePage;
    public bool EncodingPreamble;
    public bool AutoFlush;
    public string NewLine = "\n";
}
