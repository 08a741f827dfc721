const fs=require('fs'),path=require('path');
const {createLanguageService}=require('./out/server/src/languageService');
const root='/work/shared/corpus/files';
const files=fs.readdirSync(root,{recursive:true}).filter(f=>String(f).endsWith('.rst')).map(f=>[path.join(root,f),fs.readFileSync(path.join(root,f),'utf8')]);
const s=createLanguageService();let v=0;
const run=()=>{for(const [f,t] of files) s.computeRstDiagnostics({uri:'file://'+f,version:++v,getText:()=>t});};
for(let i=0;i<3;i++)run();
const times=[];for(let i=0;i<10;i++){const t0=performance.now();run();times.push(performance.now()-t0);}
times.sort((a,b)=>a-b);console.log('corpus parse+checks median',times[5].toFixed(1),'ms');
