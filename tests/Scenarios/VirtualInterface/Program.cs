// Virtual and interface dispatch at call sites that are safe points: after restore the
// receiver is reloaded and must dispatch to the same override.
namespace VirtualInterface;

internal interface IShape
{
    string Name { get; }
    double Area();
    string Describe() => $"{Name} with area {Area():F2}"; // default interface method
}

internal interface IVisitor<T>
{
    T Visit(Animal a, int depth);
}

internal interface IResettable { void Reset(); }

internal class Animal
{
    public virtual string Speak(int times)
    {
        string s = "";
        for (int i = 0; i < times; i++) s += "...";
        return s;
    }

    public virtual T Accept<T>(IVisitor<T> v, int depth) => v.Visit(this, depth);
}

internal class Dog : Animal
{
    public override string Speak(int times)
    {
        string s = "";
        for (int i = 0; i < times; i++) s += "woof ";
        return s.TrimEnd();
    }
}

internal sealed class Puppy : Dog, IResettable
{
    public int Resets;
    public override string Speak(int times) => "yip " + base.Speak(times - 1);
    void IResettable.Reset() => Resets++;
}

internal sealed class Cat : Animal
{
    public override string Speak(int times) => string.Join('-', Enumerable.Repeat("meow", times));
    public override T Accept<T>(IVisitor<T> v, int depth) => v.Visit(this, depth + 100);
}

internal sealed class Circle : IShape
{
    public Circle(double r) => R = r;
    public double R { get; }
    public string Name => "circle";
    public double Area() => Math.PI * R * R;
}

internal sealed class Square : IShape
{
    public Square(double s) => S = s;
    public double S { get; }
    public string Name => "square";
    public double Area() => S * S;
    public string Describe() => $"square {S}x{S}"; // overrides the default method
}

internal struct Counter : IResettable
{
    public int Value;
    public void Reset() => Value = 0;
}

internal sealed class LengthVisitor : IVisitor<int>
{
    public int Visit(Animal a, int depth) => a.Speak(2).Length + depth;
}

internal sealed class NameVisitor : IVisitor<string>
{
    public string Visit(Animal a, int depth) => a.GetType().Name + "@" + depth;
}

internal static class Program
{
    private static int Main()
    {
        Animal[] zoo = { new Animal(), new Dog(), new Puppy(), new Cat(), new Puppy(), new Dog() };
        var sounds = new List<string>();
        for (int i = 0; i < zoo.Length; i++) sounds.Add(zoo[i].Speak(i % 3 + 1));
        foreach (string s in sounds) Console.WriteLine("sound " + s);

        IShape[] shapes = { new Circle(1), new Square(3), new Circle(2.5) };
        double area = 0;
        foreach (IShape sh in shapes)
        {
            area += sh.Area();
            Console.WriteLine(sh.Describe());
        }
        Console.WriteLine($"total area={area:F4}");

        var lengths = new List<int>();
        var names = new List<string>();
        IVisitor<int> lv = new LengthVisitor();
        IVisitor<string> nv = new NameVisitor();
        for (int i = 0; i < zoo.Length; i++)
        {
            lengths.Add(zoo[i].Accept(lv, i));
            names.Add(zoo[i].Accept(nv, i));
        }
        Console.WriteLine("lengths " + string.Join(',', lengths));
        Console.WriteLine("names " + string.Join(',', names));

        var resettables = new List<IResettable> { (Puppy)zoo[2], new Counter { Value = 5 }, (Puppy)zoo[4] };
        for (int round = 0; round < 3; round++) foreach (IResettable r in resettables) r.Reset();
        var boxedCounter = (Counter)resettables[1];
        Console.WriteLine($"puppy resets={((Puppy)zoo[2]).Resets},{((Puppy)zoo[4]).Resets} counter={boxedCounter.Value}");

        if (sounds[1] != "woof woof" || sounds[2] != "yip woof woof" || sounds[3] != "meow") return Fail(11, "sounds");
        if (Math.Abs(area - (Math.PI + 9 + Math.PI * 6.25)) > 1e-9) return Fail(12, "area");
        if (names[3] != "Cat@103" || names[0] != "Animal@0") return Fail(13, "names");
        if (lengths[1] != "woof woof".Length + 1) return Fail(14, "lengths");
        if (((Puppy)zoo[2]).Resets != 3 || boxedCounter.Value != 0) return Fail(15, "resets");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
