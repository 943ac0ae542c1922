using System.Diagnostics.CodeAnalysis;

namespace Ferry.Images.Graph;

/// <summary>
/// Lets the runtime stand in for objects that cannot be written as they are (a Thread, the console
/// writer, ...). When writing, an object for which <see cref="TrySubstitute"/> returns true is written
/// as its surrogate, an ordinary allowed class object; when reading, <see cref="Resolve"/> turns the
/// surrogate back into the object every reference to the original will get.
/// </summary>
public interface IObjectSurrogates
{
    /// <summary>Asked once per type: may instances of <paramref name="type"/> be substituted? (false skips the per-object call.)</summary>
    bool Handles(Type type);

    /// <summary>The surrogate to write instead of <paramref name="value"/>, or false to write it as it is.</summary>
    bool TrySubstitute(object value, [NotNullWhen(true)] out object? surrogate);

    /// <summary>
    /// The object that replaces <paramref name="surrogate"/>. Called as soon as the surrogate's fields
    /// are read: objects it references exist but may not have their own fields filled yet.
    /// </summary>
    object Resolve(object surrogate);

    /// <summary>
    /// Called once when a read is over: every object of the graph has its fields and every collection is
    /// filled. Finish here what <see cref="Resolve"/> could not do with half-read referents.
    /// </summary>
    void GraphRead()
    {
    }
}
