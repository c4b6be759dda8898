global using Akka.Actor;
global using Xunit;
