namespace Ferry.Runtime.Imaging;

/// <summary>Stands in an image for a TcpListener (Kind 1) or a bound, listening Socket (Kind 2): re-bound on restore through the view's port mapping.</summary>
public sealed class ListenerReference
{
    public int Kind;
    public int InsidePort;
    public string Address = "";
    public bool Listening;
    public int Backlog;
    public bool Disposed;
}
