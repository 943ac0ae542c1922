namespace Ferry.Weaver;

/// <summary>A method or assembly could not be woven; the message says which and why.</summary>
public sealed class WeavingException : Exception
{
    public WeavingException(string message) : base(message) { }
}
