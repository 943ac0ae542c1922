// Greets, writes to both streams, and exits with the code it is given:
//   Hello [NAME] [EXIT-CODE]
var name = args.Length > 0 ? args[0] : "world";
var exitCode = args.Length > 1 && int.TryParse(args[1], out var code) ? code : 0;
Console.WriteLine($"Hello, {name}!");
Console.Error.WriteLine("a line on stderr");
Console.WriteLine("bye");
return exitCode;
