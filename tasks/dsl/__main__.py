"""``python -m tasks.dsl``: list every primitive with its signature, then the count."""

from tasks.dsl import CONSTANTS, PRIMITIVES


def main() -> None:
    for name in sorted(PRIMITIVES):
        print(PRIMITIVES[name].signature())
    print(f"{len(PRIMITIVES)} primitives, {len(CONSTANTS)} constants")


if __name__ == "__main__":
    main()
