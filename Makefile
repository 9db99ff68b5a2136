# The two commands a newcomer needs: `make run` and `make test` (see README.md).
# Both install what is missing, build, and are safe to run again.
.PHONY: run test deps release web build-test format lint bench-http clean

run: release web
	scripts/run

test:
	scripts/test

deps:
	scripts/install-deps

release: deps
	@[ -f build/release/build.ninja ] || cmake --preset release
	cmake --build --preset release

web: deps
	scripts/build-web

build-test: deps
	@[ -f build/test/build.ninja ] || cmake --preset test
	cmake --build --preset test

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

lint: build-test
	scripts/lint

bench-http: release
	bench/http.sh

clean:
	rm -rf build
