//! The group-commit writer behind RSVPs: requests that share a commit stay independent.

use app::error::AppError;
use festplan_tests::TestApp;

async fn numbers(app: &TestApp) -> Vec<i64> {
    app::db::query_scalar("SELECT n FROM scratch ORDER BY n").fetch_all(app.state.db.pool()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failing_request_undoes_only_its_own_writes_and_the_others_are_committed() {
    let app = TestApp::spawn().await;
    app::db::query("CREATE TABLE scratch (n BIGINT NOT NULL)").execute(app.state.db.pool()).await.unwrap();
    let tasks: Vec<_> = (0..300i64)
        .map(|n| {
            let db = app.state.db.clone();
            tokio::spawn(async move {
                db.write(move |tx| {
                    Box::pin(async move {
                        app::db::query("INSERT INTO scratch (n) VALUES ($1)").bind(n).execute(&mut *tx).await?;
                        if n % 3 == 0 {
                            return Err(AppError::invalid("n", "multiples of three are refused"));
                        }
                        Ok(n)
                    })
                })
                .await
            })
        })
        .collect();
    let mut answered = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok(n) => answered.push(n),
            Err(AppError::Invalid { .. }) => {}
            Err(other) => panic!("unexpected error {other:?}"),
        }
    }
    answered.sort();
    let expected: Vec<i64> = (0..300).filter(|n| n % 3 != 0).collect();
    assert_eq!(answered, expected, "every request got its own answer");
    assert_eq!(numbers(&app).await, expected, "exactly the successful requests' writes are on disk");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_panicking_request_gets_an_error_and_the_writer_keeps_serving() {
    let app = TestApp::spawn().await;
    app::db::query("CREATE TABLE scratch (n BIGINT NOT NULL)").execute(app.state.db.pool()).await.unwrap();
    let write = |n: i64| {
        let db = app.state.db.clone();
        tokio::spawn(async move {
            db.write(move |tx| {
                Box::pin(async move {
                    app::db::query("INSERT INTO scratch (n) VALUES ($1)").bind(n).execute(&mut *tx).await?;
                    assert!(n != 7, "a bug in request {n}");
                    Ok::<_, AppError>(n)
                })
            })
            .await
        })
    };
    let tasks: Vec<_> = (0..20).map(write).collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    assert!(results[7].is_err(), "the panicking request is answered with an error");
    assert!(results.iter().enumerate().all(|(n, r)| n == 7 || r.is_ok()));
    assert_eq!(write(99).await.unwrap().unwrap(), 99, "later requests are still served");
    let expected: Vec<i64> = (0..20).filter(|n| *n != 7).chain([99]).collect();
    assert_eq!(numbers(&app).await, expected);
}
