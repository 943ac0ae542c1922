using System.Diagnostics.CodeAnalysis;
using Ferry.Images.Graph;
using static Ferry.Images.Tests.GraphRoundTrip;

namespace Ferry.Images.Tests;

public class SubstitutedTypeTests
{
    private static TypeAllowlist SubstitutingAllowlist() =>
        Allowlist().AddSubstitutedType(typeof(Thread)).AddSubstitutedType(typeof(Task)).AddSubstitutedType(typeof(Task<>));

    private static T CopyWith<T>(T value, IdSurrogates surrogates)
    {
        var s = new ObjectGraphSerializer(SubstitutingAllowlist(), surrogates);
        return (T)Read(s, Write(s, ("root", value)))["root"]!;
    }

    [Fact]
    public void ThreadArraysAndListsAreWrittenThroughTheSurrogate()
    {
        var a = new Thread(() => { });
        var b = new Thread(() => { });
        var surrogates = new IdSurrogates(a, b);
        var copy = CopyWith(new object[] { new Thread[] { a, b, a, null! }, new List<Thread> { b, a } }, surrogates);
        var array = Assert.IsType<Thread[]>(copy[0]);
        Assert.Same(a, array[0]);
        Assert.Same(b, array[1]);
        Assert.Same(a, array[2]);
        Assert.Null(array[3]);
        Assert.Equal([b, a], Assert.IsType<List<Thread>>(copy[1]));
        // Each original is one object in the image: resolved once.
        Assert.Equal(2, surrogates.Resolved);
    }

    [Fact]
    public void TaskArraysOfAGenericSubstitutedTypeRoundTrip()
    {
        var one = Task.FromResult(1);
        var two = Task.FromResult(2);
        var surrogates = new IdSurrogates(one, two);
        var copy = CopyWith(new Task<int>[] { one, two }, surrogates);
        Assert.Same(one, copy[0]);
        Assert.Same(two, copy[1]);
        var list = CopyWith(new List<Task<int>> { two }, new IdSurrogates(one, two));
        Assert.Same(two, Assert.Single(list));
    }

    [Fact]
    public void AnInstanceTheSurrogatesDoNotTakeIsRefused()
    {
        var known = new Thread(() => { });
        var stranger = new Thread(() => { });
        var s = new ObjectGraphSerializer(SubstitutingAllowlist(), new IdSurrogates(known));
        var ex = Assert.Throws<ImageWriteException>(() => Write(s, ("root", new Thread[] { known, stranger })));
        Assert.Contains("instances of Thread are written only as the runtime's surrogates", ex.Message);
        Assert.Equal(typeof(Thread), ex.OffendingType);

        var noSurrogates = new ObjectGraphSerializer(SubstitutingAllowlist());
        Assert.Contains("not substituted", Assert.Throws<ImageWriteException>(() => Write(noSurrogates, ("root", new List<Thread> { known }))).Message);
    }

    [Fact]
    public void WithoutBeingAddedThreadsStayRefused()
    {
        var s = new ObjectGraphSerializer(Allowlist(), new IdSurrogates());
        Assert.Throws<ImageWriteException>(() => Write(s, ("root", new Thread[1])));
        Assert.Throws<ImageWriteException>(() => Write(s, ("root", new List<Task<string>>())));
        Assert.False(Allowlist().IsAllowed(typeof(Thread)));
        Assert.True(SubstitutingAllowlist().IsAllowed(typeof(Thread[])));
        Assert.True(SubstitutingAllowlist().IsAllowed(typeof(List<Task<string>>)));
        Assert.False(SubstitutingAllowlist().IsAllowed(typeof(Task<Stream>)));
    }

    [Fact]
    public void AReaderNeverCreatesAnInstanceOfASubstitutedType()
    {
        // Written where NativeThing is an ordinary class, read where its instances may only come from a surrogate.
        var writer = new ObjectGraphSerializer(Allowlist());
        var bytes = Write(writer, ("root", new object[] { new NativeThing(3) }));
        var reader = new ObjectGraphSerializer(Allowlist().AddSubstitutedType(typeof(NativeThing)), new IdSurrogates());
        Assert.Throws<ImageFormatException>(() => Read(reader, bytes));
    }

    [Fact]
    public void ConstructedTypesCannotBeAdded()
    {
        Assert.Throws<ArgumentException>(() => new TypeAllowlist().AddSubstitutedType(typeof(Task<int>)));
        Assert.Throws<ArgumentException>(() => new TypeAllowlist().AddSubstitutedType(typeof(Thread[])));
    }

    /// <summary>Stands in for the runtime's surrogates: known objects by index, resolved back to the same objects.</summary>
    private sealed class IdSurrogates(params object[] known) : IObjectSurrogates
    {
        public int Resolved;

        public bool Handles(Type type) => typeof(Thread).IsAssignableFrom(type) || typeof(Task).IsAssignableFrom(type);

        public bool TrySubstitute(object value, [NotNullWhen(true)] out object? surrogate)
        {
            int i = Array.IndexOf(known, value);
            surrogate = i < 0 ? null : new SubstituteId { Id = i };
            return surrogate is not null;
        }

        public object Resolve(object surrogate)
        {
            Resolved++;
            return known[((SubstituteId)surrogate).Id];
        }
    }
}
