console.log("panels");
